package identity

import (
	"errors"

	"gorm.io/gorm"
)

// notFound maps gorm's record-not-found to the package's not-found error.
func notFound(err, nf error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nf
	}
	return err
}
