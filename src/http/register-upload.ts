/** The one route that takes a body other than JSON, and a larger one: the body checks let these media types through. */
export const REGISTER_UPLOAD = {
  path: '/api/v1/population/imports',
  mediaTypes: ['text/csv', 'application/x-ndjson', 'application/octet-stream'],
} as const;
