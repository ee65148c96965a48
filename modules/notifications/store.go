package notifications

import (
	"time"

	"github.com/google/uuid"
)

type deliveryRow struct {
	TenantID  uuid.UUID `gorm:"primaryKey"`
	MessageID uuid.UUID `gorm:"primaryKey"`
	Template  string
	Recipient string
	SentAt    time.Time `gorm:"autoCreateTime"`
}

func (deliveryRow) TableName() string { return "email_deliveries" }
