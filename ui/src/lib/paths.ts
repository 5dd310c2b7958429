// Paths as people read them.

/** `/home/ana/clients/acme.annexa` → `acme.annexa` (either slash). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
