/** Profiles: load and check YAML profiles, merge them with flags, parse and evaluate thresholds. */
export { parseDuration } from './duration.ts';
export { DurationError, FlagError, ProfileError, ThresholdError } from './errors.ts';
export type { CliFlags } from './flags.ts';
export {
  defaultProfilesDir,
  type LoadProfileOptions,
  listProfiles,
  loadProfile,
  parseProfile,
} from './load.ts';
export { type ResolveOptions, type RunConfig, resolveRunConfig, type UserClassShare } from './run-config.ts';
export { type Profile, profileSchema } from './schema.ts';
export {
  checkAbort,
  evaluateThresholds,
  parseThreshold,
  type Threshold,
  type ThresholdOperator,
  type ThresholdResult,
  type ThresholdStats,
  type ThresholdUnit,
} from './thresholds.ts';
