import './lib/zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, storedTheme } from './lib/theme';
import './app/app.css';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('Missing #root element');
}

applyTheme(storedTheme());
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
