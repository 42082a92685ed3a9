import type { Request, Response } from 'express';

/**
 * How a failed request to a web page is answered (an HTML page with the same
 * status, a login redirect) instead of the API's JSON. The web layer provides
 * it (src/web); the one exception filter asks it first, so the filter, which
 * sits below every module, needs to know nothing of the pages.
 */
export abstract class PageErrorRenderer {
  /** True for a request to a page rather than to the API or /health. */
  abstract handles(request: Request): boolean;
  abstract render(exception: unknown, status: number, message: string, request: Request, response: Response): void;
}
