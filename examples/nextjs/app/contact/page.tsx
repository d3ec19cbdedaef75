import type { Metadata } from 'next';
import { ContactForm } from './contact-form';

export const metadata: Metadata = { title: 'Contact · Saigon Aircon Repair' };

export default function Contact() {
  return (
    <>
      <h1>Contact us</h1>
      <ContactForm />
    </>
  );
}
