// ESLint flat config: typescript-eslint's type-aware recommended rules, and Pulumi's own
// rules against an Output interpolated into a string (a common silent bug).
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");

module.exports = tseslint.config(
    // tests/package/ is a stranger's program, compiled against the packed tarball by scripts/check-package.sh.
    { ignores: ["bin/**", "node_modules/**", "policy/node_modules/**", "**/*.js", "tests/package/**"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
            // Public entry points only: the SDK's index and its documented Automation API, never its internals.
            "no-restricted-imports": ["error", { patterns: [{
                group: ["@pulumi/pulumi/*", "!@pulumi/pulumi/automation"],
                message: "use @pulumi/pulumi's index (pulumi.runtime, pulumi.provider, ...): its other paths are internal",
            }] }],
            "no-restricted-syntax": ["error", {
                selector: "CallExpression[callee.name='require'] > Literal[value=/^@pulumi\\/pulumi\\/(?!automation$)/]",
                message: "use @pulumi/pulumi's index: its other paths are internal",
            }],
        },
    },
    {
        // Tests read mocked registrations, and policies read resources, which are untyped JSON by nature.
        files: ["tests/**/*.ts", "policy/**/*.ts"],
        rules: {
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
        },
    },
);
