export function sha256(bytes: Uint8Array): string;

export interface ModelManifest {
  files: {
    name: string;
    sources: { path: string; sha256: string }[];
    transform?: string;
    sha256: string;
  }[];
}

export function readManifest(): ModelManifest;

/** Problems (missing or mismatching files) of `dir` against the manifest; [] when all good. */
export function verifyModelsDir(dir: string): string[];
