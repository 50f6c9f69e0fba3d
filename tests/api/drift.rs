//! Drift does not build: implementations that disagree with the generated
//! traits (a missing method, a method for a field the schema does not have,
//! a wrong argument or return type) fail to compile, with rustc's message.

#[test]
fn drift_fails_to_compile() {
    trybuild::TestCases::new().compile_fail("tests/drift/*.rs");
}
