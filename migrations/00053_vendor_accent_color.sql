-- +goose Up
-- A storefront's accent colour (#rrggbb, lower case), chosen by the seller and applied to its
-- storefront; null keeps the marketplace's colour.
ALTER TABLE vendors ADD COLUMN accent_color text
    CONSTRAINT vendors_accent_color_check CHECK (accent_color ~ '^#[0-9a-f]{6}$');

-- +goose Down
ALTER TABLE vendors DROP COLUMN accent_color;
