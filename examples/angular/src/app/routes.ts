import type { Routes } from '@angular/router';
import { Home } from './home';
import { Services } from './services';

export const routes: Routes = [
  { path: '', component: Home, title: 'Saigon Aircon Repair (Angular)' },
  { path: 'services', component: Services, title: 'Services & prices – Saigon Aircon Repair (Angular)' },
];
