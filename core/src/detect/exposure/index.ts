export type { Exposure, ExposureContainer, ExposureExample, ExposureRule, ExposureVerdict } from './types.ts';
export { EXPOSURES } from './types.ts';
export { exposureRules, PUBLIC_ENV_PREFIXES } from './rules.ts';
export { classifyExposure, applyExposure, applyContainerExposure, isPubliclyExposed, VARIABLE_LOOKBEHIND, type ExposureInput } from './classify.ts';
export { exposureAdvice } from './advice.ts';
export { serverVariableName, publicPrefixOf } from './server-name.ts';
