import type { ReactNode } from 'react';

export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            ▶
          </span>{' '}
          preroll
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}
