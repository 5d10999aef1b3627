import { language } from './i18n';

/** One invalid field of a request, as the API's problem+json names it. */
export interface FieldError {
  field: string;
  reason: string;
}

/** A request the API refused (problem+json), or one that never reached it (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fields: FieldError[] = [],
    readonly rule?: string,
  ) {
    super(detail ?? title);
  }
}

const SAFE = new Set(['GET', 'HEAD']);

interface RequestOptions {
  method?: string;
  /** Sent as JSON, unless it is already a Blob (a file upload). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A call to the API with the session cookie; changes carry the header that marks them as made by these pages. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  // The API says what went wrong in the page's language.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language() };
  Object.assign(headers, options.headers);
  if (!SAFE.has(method)) headers['X-Overgang-Page'] = '1';
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', undefined);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string; errors?: FieldError[]; rule?: string };
    return new ApiError(response.status, problem.title ?? response.statusText, problem.detail, problem.errors ?? [], problem.rule);
  } catch {
    return new ApiError(response.status, response.statusText, undefined);
  }
}
