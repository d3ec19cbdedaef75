import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { LeadbeaconProvider } from '@leadbeacon/react';
import { leadbeaconEndpoint } from './endpoint';
import { router } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LeadbeaconProvider config={{ endpoint: leadbeaconEndpoint(), defaultCountry: 'VN' }}>
      <RouterProvider router={router} />
    </LeadbeaconProvider>
  </StrictMode>,
);
