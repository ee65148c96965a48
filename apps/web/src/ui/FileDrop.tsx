import { type ReactNode, useRef, useState } from "react";
import { Button } from "./Button";

/** A drop zone with a "choose" button over a hidden file input: files dropped or picked go to onFiles. */
export function FileDrop(props: {
  /** What to drop, as the zone says it ("Drag a CSV file here, or"). */
  prompt: string;
  /** The button's text. */
  choose: string;
  /** The file input's accessible name. */
  label: string;
  accept: string;
  multiple?: boolean;
  busy?: boolean;
  testId: string;
  inputTestId: string;
  /** The limits, under the button. */
  hint: ReactNode;
  onFiles: (files: FileList) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`dropzone${over ? " over" : ""}`}
      data-testid={props.testId}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer.files.length) props.onFiles(e.dataTransfer.files);
      }}
    >
      <p style={{ margin: "0 0 8px" }}>{props.prompt}</p>
      <Button variant="secondary" size="sm" loading={props.busy} onClick={() => input.current?.click()}>
        {props.choose}
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        className="sr-only"
        aria-label={props.label}
        data-testid={props.inputTestId}
        onChange={(e) => {
          if (e.target.files?.length) props.onFiles(e.target.files);
          e.target.value = "";
        }}
      />
      <p className="small muted" style={{ margin: "8px 0 0" }}>
        {props.hint}
      </p>
    </div>
  );
}
