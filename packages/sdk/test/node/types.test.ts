// Compile-time checks of the public method signatures (run by tsc; node:test sees one no-op).
import { test } from 'node:test';
import { createFurrow } from '@furrow/sdk';

test('method signatures type-check', () => {
  const c = createFurrow({ baseUrl: 'http://127.0.0.1:1', publishableKey: 'pk_test_x', retry: 0 });
  const never = (): void => {
    void (async () => {
      const page = await c.courses.list({ language: 'hi', limit: 5 });
      const title: string = page.data[0].title;
      const stale: true | undefined = page.stale;
      for await (const course of c.courses.list()) void course.id;
      const course = await c.courses.retrieve('id');
      void course.sections[0].lessons[0].downloadBytes;
      await c.progress.update('lesson', { videoPositionSeconds: 3 });
      await c.progress.flag({ id: 'l', userId: 'u' }, { status: 'flagged' } as never);
      const html: string = await c.certificates.html('x');
      const blob: Blob = await c.materials.download('x');
      await c.materials.upload('course', new Uint8Array(1), { fileName: 'a.pdf', title: 'A' });
      await c.enrollments.create('course', { idempotencyKey: 'k' });
      await c.auth.me.retrieve();
      await c.bookings.slots.list({});
      await c.quizzes.attempts.submit('a', { answers: [] } as never);
      await c.rewards.allBadges();
      // @ts-expect-error a body is required
      await c.reviews.create('course');
      // @ts-expect-error unknown resource
      void c.nope;
      void [title, stale, html, blob];
    });
  };
  void never;
  c.close();
});
