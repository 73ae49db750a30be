// pgvector's text form of a vector, "[0.1,0.2,...]": how vectors go into and come out of SQL
// (parameters and query results). Every float4 is printed exactly, so a parsed vector equals
// the stored one bit for bit.

/** The text pgvector reads for a vector parameter. */
export function toVectorText(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(',')}]`;
}

/** A vector as a query returns it. */
export function parseVectorText(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}
