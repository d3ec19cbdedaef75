import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-services',
  imports: [RouterLink],
  template: `
    <section>
      <h1>Services &amp; prices</h1>
      <ul class="prices">
        <li>Check-up and diagnosis <b>150,000 ₫</b></li>
        <li>Cleaning, wall unit <b>250,000 ₫</b></li>
        <li>Gas top-up (R32) <b>from 450,000 ₫</b></li>
      </ul>
      <p><a routerLink="/">Book a visit →</a></p>
    </section>
  `,
})
export class Services {}
