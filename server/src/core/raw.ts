/**
 * A non-JSON response (HTML page, file download, redirect) returned by a handler.
 *
 * @example
 * ```ts
 * return new RawResponse(200, html, { 'content-type': 'text/html; charset=utf-8' });
 * ```
 */
export class RawResponse {
  constructor(
    readonly status: number,
    readonly body: string | Buffer | null,
    readonly headers: Record<string, string> = {},
  ) {}
}
