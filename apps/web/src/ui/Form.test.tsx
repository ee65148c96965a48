import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { Form, mapProblem } from "./Form";
import { SubmitButton, TextField } from "./fields";

const problem = (errors: { location: string; message: string }[], detail = "validation failed", status = 422) =>
  new ApiError({ status, title: "Unprocessable Entity", detail, errors });

describe("mapProblem", () => {
  it("splits field errors from the rest", () => {
    const has = (n: string) => n === "email" || n === "password";
    const m = mapProblem(
      problem([
        { location: "body.email", message: "is taken" },
        { location: "body.password", message: "too short" },
        { location: "body.tenant_id", message: "unknown" },
        { location: "query.cursor", message: "bad" },
      ]),
      has,
    );
    expect(m.fields).toEqual({ email: "is taken", password: "too short" });
    expect(m.items).toEqual(["Tenant id: unknown", "bad"]);
    expect(m.title).toBe("validation failed");
  });

  it("uses a count when every error is inline, and the detail when there are none", () => {
    expect(mapProblem(problem([{ location: "body.email", message: "x" }]), () => true).title).toBe("Please correct the highlighted field.");
    const unauth = new ApiError({ status: 401, title: "Unauthorized", detail: "email or password is incorrect" });
    expect(mapProblem(unauth, () => true)).toEqual({ fields: {}, title: "email or password is incorrect", items: [] });
    expect(mapProblem(new Error("boom"), () => true).title).toMatch(/Something went wrong/);
  });
});

describe("<Form>", () => {
  it("shows problem+json field errors inline, linked with aria-describedby", async () => {
    const onSubmit = vi.fn(async () => {
      throw problem([
        { location: "body.email", message: "email is already registered" },
        { location: "body.plan", message: "plan is not available" },
      ]);
    });
    render(
      <Form onSubmit={onSubmit} aria-label="Register">
        <TextField label="Email" name="email" hint="We never share it." />
        <TextField label="Name" name="name" />
        <SubmitButton>Save</SubmitButton>
      </Form>,
    );
    await userEvent.type(screen.getByLabelText("Email"), "a@b.co");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ email: "a@b.co", name: "" }), expect.any(HTMLFormElement));
    const email = screen.getByLabelText("Email");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription(/We never share it\. email is already registered/);
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("validation failed");
    expect(alert).toHaveTextContent("Plan: plan is not available");
    await waitFor(() => expect(email).toHaveFocus());

    // typing clears that field's error
    await userEvent.type(email, "x");
    expect(email).not.toHaveAttribute("aria-invalid");
  });

  it("shows a summary for errors without fields", async () => {
    render(
      <Form
        onSubmit={() => {
          throw new ApiError({ status: 401, title: "Unauthorized", detail: "email or password is incorrect" });
        }}
      >
        <TextField label="Email" name="email" />
        <SubmitButton>Sign in</SubmitButton>
      </Form>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("email or password is incorrect");
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
  });

  it("clears errors after a successful retry", async () => {
    let fail = true;
    render(
      <Form
        onSubmit={() => {
          if (fail) throw problem([{ location: "body.email", message: "bad" }]);
        }}
      >
        <TextField label="Email" name="email" />
        <SubmitButton>Go</SubmitButton>
      </Form>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Go" }));
    expect(await screen.findByText("bad")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Go" }));
    await waitFor(() => expect(screen.queryByText("bad")).not.toBeInTheDocument());
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
