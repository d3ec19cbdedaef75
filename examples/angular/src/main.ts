import { provideHttpClient, withFetch } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { provideLeadbeacon } from '@leadbeacon/angular';
import { App } from './app/app';
import { routes } from './app/routes';
import { leadbeaconEndpoint } from './endpoint';

bootstrapApplication(App, {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(routes),
    provideHttpClient(withFetch()),
    // Each Router navigation is reported once (the tracker also sees history; it never counts one twice).
    provideLeadbeacon({ endpoint: leadbeaconEndpoint(), defaultCountry: 'VN' }),
  ],
}).catch((err) => console.error(err));
