import { describe, expect, it } from 'vitest';
import { createDataApi, dataApiAreas } from '../../src/core/data-api';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const db = useTestDatabase();

describe('createDataApi', () => {
  it('binds every data method of the contract to the database', async () => {
    const photos = memoryPhotoStore();
    const inference = createNodeInference();
    const processor = new PhotoProcessor(db(), photos, inference, { embeddingModels: ['arcface'] });
    const api = createDataApi({ db: db(), photos, processor, inference });
    const klass = await api.createClass('Math');
    const { added } = await api.importRoster(klass.id, {
      fileName: 'r.csv',
      bytes: new TextEncoder().encode('name\nAna\nBea\n'),
    });
    const carl = await api.addStudent(klass.id, 'Carl');
    await api.renameStudent(carl.id, 'Carla');
    await api.deleteStudent(added[1]!.id);
    const session = await api.createSession(klass.id, { startsAt: '2025-09-01T09:00Z', title: '' });
    await api.updateSession(session.id, { startsAt: '2025-09-01T09:00Z', title: 'Week 1' });

    expect((await api.listStudents(klass.id)).map((s) => s.name)).toEqual(['Ana', 'Carla']);
    expect((await api.getSession(session.id)).title).toBe('Week 1');
    expect(await api.listSessions(klass.id)).toHaveLength(1);
    expect(await api.listSessionImages(session.id)).toEqual([]);
    expect(await api.getClass(klass.id)).toMatchObject({ studentCount: 2, sessionCount: 1 });
    expect(await api.renameClass(klass.id, 'Algebra')).toMatchObject({ name: 'Algebra' });
    expect(await api.listAudit({ classId: klass.id, limit: 2 })).toHaveLength(2);

    await api.deleteSession(session.id);
    await api.deleteClass(klass.id);
    expect(await api.listClasses()).toEqual([]);
    await expectAppError(api.getClass(klass.id), 'not-found');
  });

  it('has no method that two areas both define (a later spread would silently win)', () => {
    const photos = memoryPhotoStore();
    const inference = createNodeInference();
    const processor = new PhotoProcessor(db(), photos, inference, { embeddingModels: ['arcface'] });
    const areas = dataApiAreas({ db: db(), photos, processor, inference });
    const owners = new Map<string, string[]>();
    for (const [area, api] of Object.entries(areas))
      for (const method of Object.keys(api))
        owners.set(method, [...(owners.get(method) ?? []), area]);
    const shared = [...owners].filter(([, areasOf]) => areasOf.length > 1);
    expect(shared).toEqual([]);
  });
});
