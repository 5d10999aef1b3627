/** Cursors are opaque to clients: the last key of a page, base64url-encoded. */
export const toCursor = (key: string | null) => (key === null ? null : Buffer.from(key).toString('base64url'));
export const fromCursor = (cursor: string | undefined) => (cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8'));
/** A page of a read model as clients get it: its items and the cursor of the next page. */
export const pageOf = <T>(page: { items: T[]; next: string | null }) => ({ items: page.items, next: toCursor(page.next) });
