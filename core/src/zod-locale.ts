/**
 * English issue messages for core's schemas (config and API-shape errors quote them). Core imports
 * `zod/mini`, whose functions tree-shake: the classic `zod` entry put ~440 KB into every bundle,
 * ~70% of the CLI, parsed on every command. Import each schema module's `z` straight from
 * 'zod/mini' (`import * as z`): re-exporting the namespace from here would defeat tree-shaking.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
