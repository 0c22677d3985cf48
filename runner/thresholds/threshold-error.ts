import { RunnerError } from '../errors.ts';

/** A threshold expression that does not parse; the message names the expression and what is wrong. */
export class ThresholdError extends RunnerError {
  constructor(message: string) {
    super(message, { code: 'THRESHOLD_INVALID' });
    this.name = 'ThresholdError';
  }
}
