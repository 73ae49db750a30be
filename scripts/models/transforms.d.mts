/** fr_detect.onnx -> the any-size detector with raw outputs (see transforms.mjs). */
export function detectorAnySize(sources: Uint8Array[]): Uint8Array;
