package org.anp.meta.internal.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads compiled class files with ASM before anything is loaded, and refuses every reference the
 * {@link DeniedApi} deny-list names or that lies outside the allowed API: classes outside the unnamed
 * package, super types, field and
 * method signatures, every type, field and method instruction, catch types, constants, and
 * {@code invokedynamic} (only string concatenation and the lambda metafactory are allowed as
 * bootstraps, and a lambda's target method is checked like a call); native methods, finalizers and
 * superclasses other than {@code Object} and {@code Enum} are refused.
 * Classes that pass get the call guard ({@link CallGuard#check()}) injected at every method entry
 * and before every backward jump, so a runaway loop stops at its time limit. Stateless.
 */
public final class BytecodeCheck {
  /** Most violations named in one exception. */
  static final int MAX_REPORTED = 10;

  private static final String GUARD_OWNER = Type.getInternalName(CallGuard.class);
  private static final Set<String> BOOTSTRAPS = Set.of(
      "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
      "java/lang/invoke/LambdaMetafactory.metafactory");

  private BytecodeCheck() {}

  /**
   * Checks {@code classes} (binary name to class file) and returns them with the guard injected.
   *
   * @throws MetaProtocolException {@code DENIED_API} naming each violation (category, member,
   *     where), up to {@link #MAX_REPORTED}; {@code CODE_GENERATION_FAILED} for an unreadable
   *     class file
   */
  public static CheckedClasses check(Map<String, byte[]> classes) {
    Set<String> own = Set.copyOf(classes.keySet().stream().map(n -> n.replace('.', '/')).toList());
    List<String> violations = new ArrayList<>();
    Map<String, byte[]> guarded = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      if (e.getKey().contains(".")) {
        // A generated class in a named package could stand in for a class of this library,
        // the call guard among them, since the sandbox loader defines its own classes first.
        violations.add(DeniedApi.Category.OUTSIDE_API.label() + ": package declaration in " + e.getKey());
      }
      ClassReader reader;
      try {
        reader = new ClassReader(e.getValue());
      } catch (RuntimeException bad) {
        throw new MetaProtocolException(MetaProtocolError.CODE_GENERATION_FAILED, "unreadable class file " + e.getKey(), bad);
      }
      reader.accept(new Checker(own, violations), 0);
      ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
      reader.accept(new GuardInjector(writer), 0);
      guarded.put(e.getKey(), writer.toByteArray());
    }
    if (!violations.isEmpty()) {
      List<String> shown = violations.stream().distinct().limit(MAX_REPORTED).toList();
      throw new MetaProtocolException(MetaProtocolError.DENIED_API,
          "generated code refused before loading: " + String.join("; ", shown));
    }
    return new CheckedClasses(guarded);
  }

  /** Collects violations of one class. */
  private static final class Checker extends ClassVisitor {
    private final Set<String> own;
    private final List<String> violations;
    private String className = "?";

    Checker(Set<String> own, List<String> violations) {
      super(Opcodes.ASM9);
      this.own = own;
      this.violations = violations;
    }

    private void typeRef(String internalName, String where) {
      if (internalName.startsWith("[")) {
        descriptor(internalName, where);
        return;
      }
      if (own.contains(internalName)) {
        return;
      }
      DeniedApi.refusal(internalName).ifPresent(c -> add(c, internalName.replace('/', '.'), where));
    }

    private void descriptor(String desc, String where) {
      Type t = Type.getType(desc);
      if (t.getSort() == Type.METHOD) {
        for (Type a : t.getArgumentTypes()) {
          descriptor(a.getDescriptor(), where);
        }
        descriptor(t.getReturnType().getDescriptor(), where);
      } else if (t.getSort() == Type.ARRAY) {
        descriptor(t.getElementType().getDescriptor(), where);
      } else if (t.getSort() == Type.OBJECT) {
        typeRef(t.getInternalName(), where);
      }
    }

    private void memberRef(String owner, String name, String desc, String where) {
      if (owner.startsWith("[")) {
        descriptor(owner, where);
      } else if (!own.contains(owner)) {
        Optional<DeniedApi.Category> denied = DeniedApi.member(owner, name);
        if (denied.isPresent()) {
          add(denied.get(), owner.replace('/', '.') + "." + name, where);
        } else if (DeniedApi.outsideAllowedApi(owner)) {
          add(DeniedApi.Category.OUTSIDE_API, owner.replace('/', '.') + "." + name, where);
        }
      }
      descriptor(desc, where);
    }

    private void add(DeniedApi.Category c, String what, String where) {
      violations.add(c.label() + ": " + what + " in " + where);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      className = name.replace('/', '.');
      // Only plain classes and enums: a subclass of a JSON node or an exception could run its
      // overriding methods later on this agent's own threads, outside the call guard.
      if (superName != null && !superName.equals("java/lang/Object") && !superName.equals("java/lang/Enum")
          && !own.contains(superName)) {
        typeRef(superName, className);
        add(DeniedApi.Category.OUTSIDE_API, "superclass " + superName.replace('/', '.'), className);
      }
      for (String i : interfaces) {
        typeRef(i, className);
      }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String desc, String signature, Object value) {
      descriptor(desc, className + "." + name);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
      String where = className + "." + name;
      if ((access & Opcodes.ACC_NATIVE) != 0) {
        add(DeniedApi.Category.NATIVE, "native method " + name, className);
      }
      if (name.equals("finalize") && desc.equals("()V")) {
        // A finalizer runs on the JVM's finalizer thread, outside any time limit.
        add(DeniedApi.Category.THREAD, "finalizer", className);
      }
      descriptor(desc, where);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitTypeInsn(int opcode, String type) {
          typeRef(type, where);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
          memberRef(owner, fname, fdesc, where);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
          memberRef(owner, mname, mdesc, where);
        }

        @Override
        public void visitInvokeDynamicInsn(String iname, String idesc, Handle bsm, Object... args) {
          String bootstrap = bsm.getOwner() + "." + bsm.getName();
          if (!BOOTSTRAPS.contains(bootstrap)) {
            add(DeniedApi.Category.INVOKEDYNAMIC, "bootstrap " + bootstrap.replace('/', '.'), where);
          }
          descriptor(idesc, where);
          for (Object a : args) {
            constant(a);
          }
        }

        @Override
        public void visitLdcInsn(Object value) {
          if (value instanceof Handle || value instanceof ConstantDynamic
              || (value instanceof Type t && t.getSort() == Type.METHOD)) {
            add(DeniedApi.Category.METHOD_HANDLES, "constant " + value, where);
          } else {
            constant(value);
          }
        }

        private void constant(Object value) {
          if (value instanceof Handle h) {
            memberRef(h.getOwner(), h.getName(), h.getDesc(), where);
          } else if (value instanceof Type t) {
            descriptor(t.getDescriptor(), where);
          } else if (value instanceof ConstantDynamic) {
            add(DeniedApi.Category.METHOD_HANDLES, "dynamic constant", where);
          }
        }

        @Override
        public void visitMultiANewArrayInsn(String mdesc, int dims) {
          descriptor(mdesc, where);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
          if (type != null) {
            typeRef(type, where);
          }
        }
      };
    }
  }

  /** Injects {@code CallGuard.check()} at method entry and before backward jumps. */
  private static final class GuardInjector extends ClassVisitor {
    GuardInjector(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, desc, signature, exceptions);
      return new MethodVisitor(Opcodes.ASM9, next) {
        private final Set<Label> seen = new HashSet<>();

        private void guard() {
          super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD_OWNER, "check", "()V", false);
        }

        @Override
        public void visitCode() {
          super.visitCode();
          guard();
        }

        @Override
        public void visitLabel(Label label) {
          seen.add(label);
          super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
          if (seen.contains(label)) {
            guard();
          }
          super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
          if (seen.contains(dflt) || Arrays.stream(labels).anyMatch(seen::contains)) {
            guard();
          }
          super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
          if (seen.contains(dflt) || Arrays.stream(labels).anyMatch(seen::contains)) {
            guard();
          }
          super.visitLookupSwitchInsn(dflt, keys, labels);
        }
      };
    }
  }
}
