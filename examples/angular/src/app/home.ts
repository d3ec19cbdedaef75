import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { injectLeadbeacon } from '@leadbeacon/angular';

@Component({
  selector: 'app-home',
  imports: [ReactiveFormsModule],
  template: `
    <section class="hero">
      <h1>Aircon not cooling? We can be there today.</h1>
      <p>Repair, cleaning and gas top-ups for every brand, in all districts of Ho Chi Minh City.</p>
      <p class="actions">
        <a class="btn" id="call" href="tel:+84901234567">Call 0901 234 567</a>
        <a class="btn" id="email" href="mailto:hello@saigonaircon.example">Email us</a>
        <a class="btn" id="whatsapp" href="https://wa.me/84901234567" target="_blank" rel="noopener">WhatsApp us</a>
        <!-- A custom call to action, recorded through the injected tracker -->
        <a class="btn" href="#price-guide" (click)="priceGuide()">Price guide</a>
      </p>
    </section>
    <section aria-labelledby="book">
      <h2 id="book">Book a technician</h2>
      @if (sent()) {
        <p role="status" class="thanks">Thank you! We call you back within 30 minutes.</p>
      }
      <form id="contact" method="post" [formGroup]="form" (ngSubmit)="submit()">
        <label>
          Your name
          <input formControlName="name" name="name" autocomplete="name" />
        </label>
        <label>
          Phone
          <input
            formControlName="phone"
            name="phone"
            type="tel"
            autocomplete="tel"
            [class.invalid]="form.controls.phone.touched && form.controls.phone.invalid"
          />
        </label>
        <label>
          Service
          <select formControlName="service" name="service">
            <option value="repair">Repair</option>
            <option value="cleaning">Cleaning</option>
            <option value="gas">Gas top-up</option>
          </select>
        </label>
        <label>
          What is the problem? (optional)
          <textarea formControlName="message" name="message" rows="3"></textarea>
        </label>
        <button class="btn" type="submit" [disabled]="sending()">Request a callback</button>
      </form>
    </section>
  `,
})
export class Home {
  private readonly http = inject(HttpClient);
  private readonly leadbeacon = injectLeadbeacon();
  readonly sent = signal(false);
  readonly sending = signal(false);
  readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', Validators.required],
    phone: ['', [Validators.required, Validators.pattern(/^\+?[0-9 ]{8,}$/)]],
    service: ['repair', Validators.required],
    message: [''],
  });

  submit() {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.sending.set(true);
    this.http.post('/api/contact', this.form.getRawValue()).subscribe({
      next: () => {
        this.sent.set(true);
        this.form.reset();
      },
      complete: () => this.sending.set(false),
      error: () => this.sending.set(false),
    });
  }

  priceGuide() {
    this.leadbeacon.track('price_guide_opened', { value: 5, currency: 'USD' });
  }
}
