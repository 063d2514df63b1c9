/** The Lagebild mark: a shield with a pulse line. Decorative; the product name is text next to it. */
export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M16 2 4 6.5v8.3c0 7.3 5.1 13.4 12 15.2 6.9-1.8 12-7.9 12-15.2V6.5L16 2Z" fill="#ffffff" />
      <path
        d="M8 17h4l2.2-5 3.6 9 2.2-4H24"
        fill="none"
        stroke="#c8102e"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
