// A small Angular Router app using the adapter as its README says. Components are declared by
// calling Angular's decorator factories as functions and compiled just in time (no Angular
// compiler step in this repo's tests); `@angular/compiler` must be imported first.
import '@angular/compiler';
import { Component, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { RouterOutlet, provideRouter, type Routes } from '@angular/router';
import { injectLeadbeacon, provideLeadbeacon, type LeadbeaconConfig, type Tracker } from '../src/index';

/** What the test asks the component to track next, and the tracker the component got. */
export const probe: { next?: { name: string; props?: Record<string, unknown> }; tracker?: Tracker } = {};

class Shell {
  readonly tracker = injectLeadbeacon();
  readonly ok = typeof this.tracker.track === 'function' ? 'ok' : 'missing';
  constructor() {
    probe.tracker = this.tracker;
  }
  track() {
    if (probe.next) this.tracker.track(probe.next.name, probe.next.props);
  }
}
Component({
  selector: 'lb-app',
  imports: [RouterOutlet],
  template: '<main><p>tracker:{{ ok }}</p><button id="lb-track" (click)="track()">track</button><router-outlet /></main>',
})(Shell);

class Home {}
Component({ selector: 'lb-home', template: '<h1>Home</h1>' })(Home);
class Second {}
Component({ selector: 'lb-second', template: '<h1>Second</h1>' })(Second);

/** A second Angular app on the page (an island) that also provides the adapter. */
export class Island {
  readonly tracker = injectLeadbeacon();
}
Component({ selector: 'lb-island', template: '<p>island</p>' })(Island);

export const routes: Routes = [
  { path: '', component: Home },
  { path: 'second', component: Second },
];

export const App = Shell;

export const appConfig = (config: LeadbeaconConfig): ApplicationConfig => ({
  providers: [provideZonelessChangeDetection(), provideRouter(routes), provideLeadbeacon(config)],
});
