import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './lib/i18n.js';
import './focus.css';
import { App } from './app/App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
