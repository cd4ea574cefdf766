/**
 * Integrations. Frame.io's card is a placeholder: connecting (Adobe IMS OAuth, or the local
 * sandbox when FRAMEIO_CLIENT_ID is unset) arrives with the Frame.io connect issue, which also
 * adds the endpoint that says which of the two this server talks to.
 */
export function IntegrationsSettings() {
  return (
    <section className="panel" aria-labelledby="integrations-h">
      <h2 id="integrations-h">Integrations</h2>
      <article className="integration" aria-label="Frame.io">
        <div className="integration__logo" aria-hidden="true">
          F
        </div>
        <div className="integration__body">
          <h3>Frame.io</h3>
          <p className="muted small">
            Mirror shows, episodes and deliverables to Frame.io projects, send cuts for review, and keep
            timecoded comments and approvals in sync both ways.
          </p>
          <dl className="facts facts--inline">
            <dt>Status</dt>
            <dd>
              <span className="badge badge--muted">Not connected</span>
            </dd>
            <dt>Target</dt>
            {/* TODO(frameio-connect): read "Local sandbox" vs "Adobe" from the integration status endpoint. */}
            <dd>Local sandbox</dd>
          </dl>
        </div>
        <div className="integration__actions">
          <button type="button" className="btn" disabled title="Arrives with the Frame.io connect issue">
            Connect
          </button>
        </div>
      </article>
    </section>
  );
}
