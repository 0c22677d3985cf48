/**
 * One root error for the service, carrying the HTTP status it maps to and a stable code.
 * `app.ts` turns any ServiceError into its JSON body; anything else becomes a 500 without a stack.
 */
export class ServiceError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
  /** The JSON body sent to the client (API.md "Conventions"). */
  toBody(): Record<string, unknown> {
    return { error: this.message };
  }
}

/** 400: a business rule refused the command, e.g. `{"error":{"status":["Cannot transition from Confirmed to Paid"]}}`. */
export class BusinessRuleError extends ServiceError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(400, 'BUSINESS_RULE', message);
    this.field = field;
  }
  override toBody(): Record<string, unknown> {
    return { error: this.field ? { [this.field]: [this.message] } : this.message };
  }
}

/** Shorthand for the illegal-transition error every state machine raises. */
export function illegalTransition(from: string, to: string): BusinessRuleError {
  return new BusinessRuleError(`Cannot transition from ${from} to ${to}`, 'status');
}

/** 404: unknown id. */
export class NotFoundError extends ServiceError {
  constructor(message: string) {
    super(404, 'NOT_FOUND', message);
  }
}

/** 422: the body does not match the request schema (FastAPI-style `detail` list). */
export class SchemaError extends ServiceError {
  readonly detail: { loc: (string | number)[]; msg: string; type: string }[];
  constructor(detail: { loc: (string | number)[]; msg: string; type: string }[]) {
    super(422, 'SCHEMA', detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '));
    this.detail = detail;
  }
  override toBody(): Record<string, unknown> {
    return { detail: this.detail };
  }
}

/** 401: bad webhook signature. */
export class InvalidSignatureError extends ServiceError {
  constructor() {
    super(401, 'INVALID_SIGNATURE', 'Invalid webhook signature');
  }
  override toBody(): Record<string, unknown> {
    return { detail: this.message };
  }
}

/** 413: body larger than the limit. */
export class PayloadTooLargeError extends ServiceError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limitBytes} bytes`);
  }
}

/** 400: the request itself is malformed (a repeated Host header, a control character in an id). */
export class BadRequestError extends ServiceError {
  constructor(message: string) {
    super(400, 'BAD_REQUEST', message);
  }
}

/** 415: a JSON endpoint was sent a body of another content type (RFC 9110 §15.5.16). */
export class UnsupportedMediaTypeError extends ServiceError {
  constructor(contentType: string) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${contentType} is not JSON: send application/json`);
  }
}
