import { toGithubReport } from './github.ts';
import { toJsonReport } from './json.ts';
import { toSarifReport } from './sarif.ts';
import { toTextReport } from './text.ts';
import type { ReportFormat, ReportInput } from './types.ts';

/**
 * Renders findings in one of the output formats. Add a format: write report/<name>.ts with a
 * `to<Name>Report(input)` function, add the name to ReportFormat, and a case here.
 *
 * @example formatReport('sarif', { findings, stats })
 */
export function formatReport(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case 'text':
      return toTextReport(input);
    case 'json':
      return toJsonReport(input);
    case 'sarif':
      return toSarifReport(input);
    case 'github':
      return toGithubReport(input);
    default:
      return format satisfies never;
  }
}
