/**
 * Policy as code: the fleet's {@code policies/*.yaml} rules, CEL expressions (the language of
 * Kubernetes' ValidatingAdmissionPolicy, via {@code dev.cel:cel}) over each rendered {@code object}
 * and the target {@code cluster}. Evaluated after rendering and before anything is emitted. A
 * policy that does not compile is never skipped: every render it would apply to fails, naming the
 * policy file and the error's position.
 */
package io.flotilla.renderer.policy;
