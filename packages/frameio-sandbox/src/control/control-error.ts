/** A control API refusal: `{"error":{"message"}}` with this status over HTTP. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
