import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startI18n } from './ui/i18n';
import { registerOffline, updateNote } from './ui/offline';
import './ui/styles.css';

startI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App updated={updateNote()} />
  </StrictMode>,
);
registerOffline();
