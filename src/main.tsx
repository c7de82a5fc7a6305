import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { registerOffline, updateNote } from './ui/offline';
import './ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App updated={updateNote()} />
  </StrictMode>,
);
registerOffline();
