// Many stored vectors at once, fast: PostgreSQL's binary COPY (to PGlite's '/dev/blob') hands
// over each float4 as its 4 bytes, where a query returns vectors as text that Postgres must
// print and JavaScript parse back. Measured on 10,000 512-d vectors in PGlite (Node, loaded
// 2-core machine): text 4.7 s, binary COPY 0.85 s, the same floats bit for bit.
import type { Queryable } from '../../db/open';
import { isUuid } from '../../db/ids';
import { parseVectorText } from '../../db/vector-text';

export interface StoredVector {
  vector: Float32Array;
  /** The version of the embedding row (`xmin`): another value means another vector. */
  stamp: string;
}

/** Below this many faces a plain query is as quick. */
const COPY_FROM = 16;

/** Vectors of faces for one model and version, keyed by face (faces without one are absent). */
export async function storedVectors(
  tx: Queryable,
  cropIds: readonly string[],
  modelId: string,
  modelVersion: string,
): Promise<Map<string, StoredVector>> {
  if (cropIds.length === 0) return new Map();
  if (cropIds.length < COPY_FROM) {
    const { rows } = await tx.query<{ crop_id: string; stamp: string; vector: string }>(
      `select crop_id, xmin::text as stamp, vector::text as vector from embeddings
       where crop_id = any($1::uuid[]) and model_id = $2 and model_version = $3`,
      [cropIds, modelId, modelVersion],
    );
    return new Map(
      rows.map((r) => [r.crop_id, { vector: parseVectorText(r.vector), stamp: r.stamp }]),
    );
  }
  // COPY takes no parameters: the ids (checked to be UUIDs) and names are written as literals.
  for (const id of cropIds) if (!isUuid(id)) throw new Error(`not a face id: ${String(id)}`);
  const { blob } = await tx.query(
    `copy (select crop_id::text, xmin::text, vector from embeddings
           where crop_id = any(${literal(`{${cropIds.join(',')}}`)}::uuid[])
             and model_id = ${literal(modelId)} and model_version = ${literal(modelVersion)})
     to '/dev/blob' with (format binary)`,
  );
  if (!blob) throw new Error('the database returned no vectors');
  return parseVectorCopy(new Uint8Array(await blob.arrayBuffer()));
}

/** A SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Rows of (text id, text stamp, vector) in PostgreSQL's binary COPY format: a header (11-byte
 * signature, flags, extension), then per row a field count and each field's byte length and
 * bytes; a vector is int16 dimension, int16 unused, then float4s, all big-endian.
 */
function parseVectorCopy(bytes: Uint8Array): Map<string, StoredVector> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  const out = new Map<string, StoredVector>();
  let at = 11 + 4;
  at += 4 + view.getInt32(at);
  for (;;) {
    const fields = view.getInt16(at);
    at += 2;
    if (fields === -1) break;
    const field = () => {
      const length = view.getInt32(at);
      const start = at + 4;
      at = start + length;
      return start;
    };
    const idStart = field();
    const id = text.decode(bytes.subarray(idStart, at));
    const stampStart = field();
    const stamp = text.decode(bytes.subarray(stampStart, at));
    let p = field();
    const vector = new Float32Array(view.getInt16(p));
    p += 4;
    for (let i = 0; i < vector.length; i++, p += 4) vector[i] = view.getFloat32(p);
    out.set(id, { vector, stamp });
  }
  return out;
}
