import type { Metadata } from 'next';
import { book } from './actions';

export const metadata: Metadata = { title: 'Book a visit · Saigon Aircon Repair' };

export default function Book() {
  return (
    <>
      <h1>Book a visit</h1>
      <form id="book" action={book}>
        <label>
          Phone <input name="phone" type="tel" />
        </label>
        <label>
          Day <input name="day" type="date" />
        </label>
        <button type="submit">Book</button>
      </form>
    </>
  );
}
