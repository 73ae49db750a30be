// detect: face detection on a classroom folder (eval contract): recall of the truth boxes at
// IoU >= 0.3 with greedy one-to-one matching, and detections matching no truth face.
// `--shrink F` (0 < F <= 1) first scales every photo and its truth boxes by F (area-averaged),
// to check recall on smaller faces (e.g. 0.5 and 0.3 of classroom-dev: faces down to 17 px).
import { join } from 'node:path';
import { matchBoxes } from '../../../src/domain/face/geometry';
import { DEFAULT_DETECTION_OPTIONS, detectFaces } from '../../../src/ml/detect';
import { scaleImage } from '../../../src/ml/image';
import { DETECTOR } from '../../../src/ml/registry';
import { decodeImageFile } from '../../lib/decode-node';
import { createNodeModelLoader } from '../../lib/node-models';
import { readClassroomTruth } from '../datasets';
import type { EvalTask } from './types';

export const MATCH_IOU = 0.3;

export const detectTask: EvalTask = async ({ task, data, options, log }) => {
  const detection = options.overrides(DEFAULT_DETECTION_OPTIONS);
  const shrink = options.number('shrink', 1, (n) => n > 0 && n <= 1);
  options.finish(task);

  const sessions = await readClassroomTruth(data);
  const detector = await createNodeModelLoader().load(DETECTOR.file);
  let truthFaces = 0;
  let found = 0;
  let extra = 0;
  let detectMs = 0;
  let decodeMs = 0;
  let detectCpuMs = 0;
  for (const session of sessions) {
    const t0 = performance.now();
    const image = scaleImage(await decodeImageFile(join(data, session.file)), shrink);
    const t1 = performance.now();
    // CPU time (every thread of the process) next to wall time: the machine may be shared.
    const cpu0 = process.cpuUsage();
    const detections = await detectFaces(image, detector, detection);
    const cpu = process.cpuUsage(cpu0);
    const t2 = performance.now();
    decodeMs += t1 - t0;
    detectMs += t2 - t1;
    detectCpuMs += (cpu.user + cpu.system) / 1000;
    const truth = session.faces.map(({ box }) => ({
      x: box.x * shrink,
      y: box.y * shrink,
      width: box.width * shrink,
      height: box.height * shrink,
    }));
    const matches = matchBoxes(truth, detections, MATCH_IOU);
    const hits = matches.filter((d) => d >= 0).length;
    truthFaces += session.faces.length;
    found += hits;
    extra += detections.length - hits;
    log(
      `${session.file}: ${hits}/${session.faces.length} truth faces found, ` +
        `${detections.length - hits} other detections, ${(t2 - t1).toFixed(0)} ms`,
    );
  }
  const photos = sessions.length;
  return {
    photos,
    truthFaces,
    detectionRecall: truthFaces === 0 ? 0 : found / truthFaces,
    extraDetectionsPerPhoto: photos === 0 ? 0 : extra / photos,
    msPerPhoto: photos === 0 ? 0 : detectMs / photos,
    cpuMsPerPhoto: photos === 0 ? 0 : detectCpuMs / photos,
    shrink,
    msDecodePerPhoto: photos === 0 ? 0 : decodeMs / photos,
    detectionOptions: detection,
  };
};
