/* stp-text-area-row.c: a boxed-list row for text that runs over several lines.
 *
 * AdwEntryRow holds one line, which is too little for a client's expectations or a
 * consultant's notes. This row keeps the look of the rows around it (the title small
 * above the text, as in an entry row) and grows with what is typed. Tab leaves the
 * field, so the form stays keyboard navigable; Enter starts a new line.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "stipple-text-area-row"

#include "config.h"

#include "stp-text-area-row.h"

struct _StpTextAreaRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkTextView       *text_view;
  gboolean           setting_text;
};

G_DEFINE_FINAL_TYPE (StpTextAreaRow, stp_text_area_row, ADW_TYPE_PREFERENCES_ROW)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
buffer_changed_cb (StpTextAreaRow *self)
{
  if (!self->setting_text)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
title_changed_cb (StpTextAreaRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* A click anywhere on the row, the title included, puts the cursor in the text. */
static void
row_pressed_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                StpTextAreaRow  *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
focus_changed_cb (StpTextAreaRow *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self->text_view)))
    gtk_widget_add_css_class (GTK_WIDGET (self), "focused");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "focused");
}

GtkWidget *
stp_text_area_row_new (const char *title)
{
  return g_object_new (STP_TYPE_TEXT_AREA_ROW, "title", title, NULL);
}

char *
stp_text_area_row_dup_text (StpTextAreaRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (STP_IS_TEXT_AREA_ROW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
stp_text_area_row_set_text (StpTextAreaRow *self,
                            const char     *text)
{
  g_return_if_fail (STP_IS_TEXT_AREA_ROW (self));

  self->setting_text = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
  self->setting_text = FALSE;
}

GtkTextView *
stp_text_area_row_get_text_view (StpTextAreaRow *self)
{
  g_return_val_if_fail (STP_IS_TEXT_AREA_ROW (self), NULL);

  return self->text_view;
}

static void
stp_text_area_row_class_init (StpTextAreaRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Emitted when the person edits the text (not when stp_text_area_row_set_text ()
   * loads it). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "row");
}

static void
stp_text_area_row_init (StpTextAreaRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_add_css_class (GTK_WIDGET (self), "stp-text-area-row");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "subtitle");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "stp-text-area");
  /* About three lines before it grows, so there is visibly room to write. */
  gtk_widget_set_size_request (GTK_WIDGET (self->text_view), -1, 60);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->text_view));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), focus);
  g_signal_connect (click, "pressed", G_CALLBACK (row_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
