import { useEffect, useState } from 'react';
import { getHealth } from '../api/getHealth';

export function ServerStatus() {
  const [status, setStatus] = useState<string>('checking…');

  useEffect(() => {
    const controller = new AbortController();
    getHealth(controller.signal).then((health) => {
      if (!controller.signal.aborted) {
        setStatus(health?.status ?? 'unavailable');
      }
    });
    return () => controller.abort();
  }, []);

  return (
    <p className="server-status" role="status">
      Server status: {status}
    </p>
  );
}
