import type { Store } from '../repositories/store.ts';
import type { Services } from '../services/index.ts';

export const DEMO_EMAIL = 'demo@preroll.local';
export const DEMO_PASSWORD = 'preroll-demo-2026';

/**
 * Seeds a demo organization on first start (and only then: an existing demo user means the data is
 * there already), through the same services the API uses.
 */
export async function seedDemo(services: Services, store: Store): Promise<{ email: string; password: string }> {
  const existing = await store.users.findByEmail(DEMO_EMAIL);
  if (!existing) {
    await services.auth.signup({
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      name: 'Dana Demo',
      organization_name: 'Demo Studio',
    });
  }
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD };
}
