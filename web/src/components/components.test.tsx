// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { FormAlert, TextField } from "./Field";
import { TagInput } from "./TagInput";
import { Button } from "./Button";

afterEach(cleanup);

describe("TextField", () => {
  it("renders the label, the named input and the error right after it", () => {
    render(<TextField name="email" label="Email" error="expected valid email" />);
    const input = screen.getByLabelText("Email");
    expect(input.getAttribute("name")).toBe("email");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const next = input.nextElementSibling;
    expect(next?.className).toBe("field-error");
    expect(next?.textContent).toBe("expected valid email");
    expect(input.getAttribute("aria-describedby")).toContain(next!.id);
  });

  it("has no error element without an error", () => {
    const { container } = render(<TextField name="name" label="Name" hint="Your full name" />);
    expect(container.querySelector(".field-error")).toBeNull();
    expect(screen.getByText("Your full name")).toBeTruthy();
  });
});

describe("FormAlert", () => {
  it("renders a role=alert only when there is a message", () => {
    const { rerender } = render(<FormAlert message={undefined} />);
    expect(screen.queryByRole("alert")).toBeNull();
    rerender(<FormAlert message="the last admin cannot be demoted" />);
    expect(screen.getByRole("alert").textContent).toBe("the last admin cannot be demoted");
  });
});

describe("Button", () => {
  it("keeps its plain text and disables itself while pending", () => {
    render(<Button pending>Save</Button>);
    const b = screen.getByRole("button");
    expect(b.textContent).toBe("Save");
    expect((b as HTMLButtonElement).disabled).toBe(true);
  });
});

function DomainEditor({ initial = [] as string[], onChange = (_: string[]) => {} }) {
  const [value, setValue] = useState(initial);
  return (
    <TagInput
      name="email_domains"
      label="Email domains"
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

describe("TagInput", () => {
  it("adds a domain on Enter and removes it with its button", () => {
    const spy = vi.fn();
    render(<DomainEditor onChange={spy} />);
    const input = screen.getByLabelText("Email domains") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "@Acme.io" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(spy).toHaveBeenLastCalledWith(["acme.io"]);
    expect(input.value).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Remove acme.io" }));
    expect(spy).toHaveBeenLastCalledWith([]);
  });

  it("keeps invalid text and explains why", () => {
    const spy = vi.fn();
    render(<DomainEditor onChange={spy} />);
    const input = screen.getByLabelText("Email domains") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "not-a-domain" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(spy).not.toHaveBeenCalled();
    expect(input.value).toBe("not-a-domain");
    expect(input.nextElementSibling).toBeNull(); // the error follows the box wrapper
    expect(document.querySelector(".field-error")?.textContent).toContain("not-a-domain");
  });

  it("removes the last chip on Backspace in an empty box", () => {
    const spy = vi.fn();
    render(<DomainEditor initial={["a.com", "b.com"]} onChange={spy} />);
    fireEvent.keyDown(screen.getByLabelText("Email domains"), { key: "Backspace" });
    expect(spy).toHaveBeenLastCalledWith(["a.com"]);
  });
});
