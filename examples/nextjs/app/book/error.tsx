'use client';

/** What the visitor sees when the booking action throws (Next.js hides the message in production). */
export default function BookingFailed({ reset }: { reset: () => void }) {
  return (
    <p role="alert">
      The booking did not go through. <button onClick={reset}>Try again</button>
    </p>
  );
}
