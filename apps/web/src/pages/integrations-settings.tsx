import { FrameioCard } from '../frameio/frameio-card.tsx';

/** Settings → Integrations: today Frame.io (connect flow: docs/frameio.md §4). */
export function IntegrationsSettings() {
  return (
    <section className="panel" aria-labelledby="integrations-h">
      <h2 id="integrations-h">Integrations</h2>
      <FrameioCard />
    </section>
  );
}
