// Paths as people read them.

/** `/home/ana/clients/acme.annexa` → `acme.annexa` (either slash). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The folder of a path: `/home/ana/acme.annexa` → `/home/ana` (empty for a bare name). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '' : path.slice(0, Math.max(cut, 1));
}
