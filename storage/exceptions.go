package storage

import "time"

// exceptionRow is one agreed exception period (docs/design.md, Exceptions).
type exceptionRow struct {
	ID          int64     `gorm:"primaryKey"`
	TeamID      string    `gorm:"size:32;not null;index:ix_exceptions_agreement,priority:1"`
	AgreementID int64     `gorm:"not null;index:ix_exceptions_agreement,priority:2"`
	FromDay     string    `gorm:"size:10;not null;index:ix_exceptions_agreement,priority:3"`
	ToDay       string    `gorm:"size:10;not null"`
	Reason      string    `gorm:"not null;default:''"`
	CreatedBy   string    `gorm:"size:32;not null"`
	CreatedAt   time.Time `gorm:"not null"`
}

func (exceptionRow) TableName() string { return "exceptions" }
