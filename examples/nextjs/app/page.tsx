export default function Home() {
  return (
    <>
      <h1>Aircon not cooling?</h1>
      <p>
        Same-day repair in District 1 to 12. Call <a href="tel:0901234567">0901 234 567</a> or send us a message.
      </p>
    </>
  );
}
