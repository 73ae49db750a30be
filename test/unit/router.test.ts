import { describe, expect, test } from 'vitest';
import { href, parseRoute } from '../../src/ui/router';
import type { ClassId, SessionId } from '../../src/contracts/ids';

describe('router', () => {
  test('the diagnostics page of a class has its own address, next to the class page', () => {
    const classId = 'c1' as ClassId;
    expect(parseRoute(href.diagnostics(classId))).toEqual({ name: 'diagnostics', classId });
    expect(parseRoute(href.class(classId))).toEqual({ name: 'class', classId });
    expect(parseRoute('#/classes/c1/other')).toMatchObject({ name: 'not-found' });
    expect(parseRoute('#/sessions/s1/diagnostics')).toMatchObject({ name: 'not-found' });
  });

  test("a class's settings have their own address", () => {
    const classId = 'c 1' as ClassId;
    expect(parseRoute(href.classSettings(classId))).toEqual({ name: 'class-settings', classId });
    expect(parseRoute('#/sessions/s1/settings')).toMatchObject({ name: 'not-found' });
  });

  test('a lesson page keeps its step in the address, so a reload shows the same step', () => {
    const sessionId = 's1' as SessionId;
    expect(parseRoute(href.session(sessionId))).toEqual({ name: 'session', sessionId });
    for (const step of ['photos', 'whos-who', 'attendance'] as const) {
      expect(parseRoute(href.session(sessionId, step))).toEqual({
        name: 'session',
        sessionId,
        step,
      });
    }
    expect(parseRoute('#/sessions/s1/elsewhere')).toMatchObject({ name: 'not-found' });
  });
});
