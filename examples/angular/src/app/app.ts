import { Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <header class="site-header">
      <div class="wrap bar">
        <a class="brand" routerLink="/">Saigon Aircon Repair</a>
        <nav aria-label="Main">
          <a routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }">Home</a>
          <a routerLink="/services" routerLinkActive="active">Services &amp; prices</a>
        </nav>
      </div>
    </header>
    <main class="wrap"><router-outlet /></main>
    <footer class="site-footer wrap">
      <a href="tel:+84901234567">0901 234 567</a> · <a href="mailto:hello@saigonaircon.example">hello&#64;saigonaircon.example</a> ·
      <a href="https://wa.me/84901234567" target="_blank" rel="noopener">WhatsApp</a>
    </footer>
  `,
})
export class App {}
