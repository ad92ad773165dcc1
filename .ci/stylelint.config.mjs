// Stylelint for layouts/assets/*.css: every property, value and selector
// must work in the browsers of ../.browserslistrc (doiuse's data, through
// stylelint-no-unsupported-browser-features). A feature kept with a
// fallback is allowed where it is used, by a stylelint-disable comment
// under a "Fallback:" comment that says what those browsers do instead.
export default {
  plugins: ["stylelint-no-unsupported-browser-features"],
  rules: {
    "plugin/no-unsupported-browser-features": [
      true,
      {
        severity: "error",
        ignorePartialSupport: false,
        // Reports that do not apply to what the stylesheet uses:
        ignore: [
          // Partial support means the keywords `hanging` and `each-line`;
          // the stylesheet indents by lengths only (2em).
          "css-text-indent",
          // Partial support means `overflow: clip`; the stylesheet uses
          // hidden, auto and visible only.
          "css-overflow",
          // doiuse reads the grid function minmax() as max(); the
          // stylesheet uses no min(), max() or clamp().
          "css-math-functions",
        ],
      },
    ],
  },
};
